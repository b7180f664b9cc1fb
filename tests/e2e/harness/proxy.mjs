// Firefox's add-on background page is not a tab: WebDriver BiDi neither reports nor intercepts its
// requests (a browser-wide `network.addIntercept` sees nothing of them; checked with Firefox ESR
// 153), so Puppeteer's interception cannot answer the digest's request to huggingface.co's API.
// This answers it one level down, as the network would: Firefox is told (by a PAC script) to reach
// huggingface.co, and only it, through this local HTTPS proxy; the proxy opens the CONNECT tunnel
// into a local TLS server holding a throw-away self-signed certificate for huggingface.co (the
// browser accepts it because the session asks for `acceptInsecureCerts`), which answers from the
// same FakeSite as the tabs. Any other host asked of the proxy is refused and recorded as blocked.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A certificate for huggingface.co made for this run only (openssl, Debian's). */
function throwAwayCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pd-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=huggingface.co'].concat([
        '-addext',
        'subjectAltName=DNS:huggingface.co',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
      ]),
      { cwd: dir, stdio: 'ignore' },
    );
    return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the proxy for `site`. Resolves with its port, the Firefox prefs that send huggingface.co
 * (only) through it, and `close()`.
 * @param {import('./site.mjs').FakeSite} site
 */
export async function startSiteProxy(site) {
  const tls = createHttpsServer(throwAwayCertificate(), (req, res) => {
    site
      .respond(`https://huggingface.co${req.url}`)
      .then((r) => {
        res.writeHead(r.status, { 'content-type': r.contentType });
        res.end(r.body);
      })
      .catch((error) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
  });
  const sockets = new Set();
  const proxy = createHttpServer((req, res) => {
    // Plain-HTTP proxying is never asked for (huggingface.co is https only): refuse it.
    site.blocked.push(req.url);
    res.writeHead(403).end();
  });
  proxy.on('connect', (req, socket, head) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (req.url !== 'huggingface.co:443') {
      site.blocked.push(`https://${req.url}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head?.length) socket.unshift(head);
    tls.emit('connection', socket);
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address();
  const pac = `function FindProxyForURL(url, host) { return host === 'huggingface.co' ? 'PROXY 127.0.0.1:${port}' : 'DIRECT'; }`;
  return {
    port,
    prefs: {
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': `data:text/javascript,${encodeURIComponent(pac)}`,
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
      tls.close();
    },
  };
}
