// Lets plain Node (the CLI under tsx) import shaders the way Vite does: `foo.wgsl?raw` becomes a
// module whose default export is the file's text. Use with `node --import` or
// `tsx --import ./scripts/wgsl-loader.mjs ...` (registered after tsx, so it runs first).
import { register } from 'node:module';

register('./wgsl-loader-hooks.mjs', import.meta.url);
