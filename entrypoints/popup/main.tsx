import { render } from 'preact';

render(<main><h1>Paperdeck</h1></main>, document.getElementById('app')!);
