// p5 2.x ships types for the whole library only; its modules are the same class, in parts.
declare module 'p5/core' {
  import p5 from 'p5';
  export default p5;
}
declare module 'p5/*' {
  import type p5 from 'p5';
  /** A p5 module: registers its addons on the class. */
  const module: (p5class: typeof p5) => void;
  export default module;
}
