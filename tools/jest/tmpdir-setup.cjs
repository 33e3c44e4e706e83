// CDKTF's Testing helpers leave a `cdktf.outdir.*` folder in the temp dir for every synth. Point
// the test run at a private temp dir (workers inherit the variable) that teardown removes.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyport-jest-'));
  process.env.SKYPORT_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
