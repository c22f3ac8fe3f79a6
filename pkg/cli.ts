// `npm run build:pkg`: the npm package in dist-pkg/, ready for `npm pack ./dist-pkg`.
import { relative } from 'node:path';
import { buildPackage } from './build.js';

const { outDir, manifest } = buildPackage();
console.log(`Built ${manifest['name']}@${manifest['version']} in ${relative(process.cwd(), outDir) || '.'}/ — pack it with: npm pack ./${relative(process.cwd(), outDir)}`);
