// The convplay command line: the same engine as the browser app, for scripts, tests and
// benchmarks. Results go to stdout (one JSON line), progress and errors to stderr.
import { CliError } from './args';
import { data, DATA_HELP } from './data';
import { evaluate, EVALUATE_HELP, predict, PREDICT_HELP } from './evaluate';
import { EXPORT_HELP, exportModel, summary, SUMMARY_HELP } from './export';
import { train, TRAIN_HELP } from './train';

const HELP = `convplay — build, train and export convolutional networks

usage: convplay <command> [options]     (npm run cli -- <command> ...)

commands:
  train      train a network spec on IDX images and write .safetensors weights
  evaluate   loss and accuracy of trained weights on IDX images
  predict    raw class scores for IDX images
  summary    the layer table of a network: output shapes, parameters, FLOPs
  export     write trained weights as safetensors, ONNX, PyTorch model.py, summary (and zip)
  data       write the bundled MNIST subset as IDX files

Run "convplay <command> --help" for a command's options.
`;

export async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out(HELP);
        return 0;
      case 'train':
        await train(rest, out, log);
        return 0;
      case 'evaluate':
        await evaluate(rest, out);
        return 0;
      case 'predict':
        await predict(rest, out);
        return 0;
      case 'data':
        await data(rest, out);
        return 0;
      case 'summary':
        await summary(rest, out);
        return 0;
      case 'export':
        await exportModel(rest, out);
        return 0;
      default:
        throw new CliError(
          `unknown command "${command}" (commands: train, evaluate, predict, summary, export, data)`,
          2,
        );
    }
  } catch (e) {
    if (e instanceof CliError) {
      log(`convplay: ${e.message}`);
      return e.exitCode;
    }
    log(`convplay: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}

// Help texts are exported for the tests that check every flag is documented.
export const HELP_TEXTS = {
  HELP, TRAIN_HELP, EVALUATE_HELP, PREDICT_HELP, DATA_HELP, SUMMARY_HELP, EXPORT_HELP,
}; // prettier-ignore

const isEntry =
  import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('src/cli/main.ts');
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
