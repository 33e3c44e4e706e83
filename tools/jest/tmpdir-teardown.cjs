const fs = require('node:fs');

module.exports = async () => {
  const dir = process.env.SKYPORT_JEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
