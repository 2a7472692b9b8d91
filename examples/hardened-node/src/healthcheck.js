// Used by HEALTHCHECK: distroless has no curl or shell, so node itself does the probe.
const req = require('node:http').get('http://127.0.0.1:3000/health', (res) => process.exit(res.statusCode === 200 ? 0 : 1));
req.on('error', () => process.exit(1));
