// `npm run hash-password -- <password>`: prints a scrypt hash to paste into a profiles file,
// so the file never holds the password itself.
import { hashPassword } from '../broker/index.js';

const password = process.argv[2];
if (!password) {
  console.error('usage: npm run hash-password -- <password>');
  process.exit(2);
}
console.log(await hashPassword(password));
