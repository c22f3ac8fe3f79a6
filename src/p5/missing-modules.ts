import type p5 from 'p5';

/** Functions beginners reach for, by the p5 module that brings them. */
const MODULES: Record<string, { load: string; names: string[] }> = {
  type: {
    load: "import p5 from '../../src/p5/p5-text.js' instead of p5-2d.js",
    names: ['text', 'textSize', 'textFont', 'textAlign', 'textWidth', 'textLeading', 'textStyle', 'textWrap', 'textAscent', 'textDescent', 'loadFont'],
  },
  image: {
    load: "import p5 from 'p5' (all of p5), or add the module: import image from 'p5/image'; image(p5);",
    names: ['loadImage', 'image', 'imageMode', 'createImage', 'tint', 'noTint', 'saveCanvas', 'loadPixels', 'updatePixels'],
  },
  dom: {
    load: "import p5 from 'p5' (all of p5), or add the module: import dom from 'p5/dom'; dom(p5);",
    names: [
      'createButton', 'createSlider', 'createInput', 'createP', 'createDiv', 'createSpan', 'createImg', 'createA', 'createCheckbox',
      'createSelect', 'createRadio', 'createColorPicker', 'createFileInput', 'createVideo', 'createAudio', 'createCapture', 'select',
      'selectAll', 'removeElements',
    ],
  },
};

/**
 * The kit's light p5 (`p5-2d.ts`) leaves heavy modules out. A sketch copied from elsewhere
 * that calls one of their functions would die on "p.text is not a function"; instead it
 * gets an error naming the import to change. Loading the module replaces these stand-ins.
 */
export function explainMissingModules(p5class: typeof p5): void {
  const fn = p5class.prototype as unknown as Record<string, unknown>;
  for (const [module, { load, names }] of Object.entries(MODULES)) {
    for (const name of names) {
      if (typeof fn[name] === 'function') continue;
      fn[name] = function missing(): never {
        throw new TypeError(`${name}() is in p5's ${module} module, which this sketch's p5 leaves out to load faster: ${load}`);
      };
    }
  }
}
