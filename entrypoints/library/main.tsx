import { render } from 'preact';

render(<main><h1>Paperdeck library</h1></main>, document.getElementById('app')!);
