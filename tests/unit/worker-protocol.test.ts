// The worker protocol's run-time validation: every malformed command is refused with a message
// naming the problem (and the request id when one could be read), and the host answers a bad
// message with an error event instead of throwing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_SETTINGS } from '../../src/engine/train/settings';
import { TrainingHost } from '../../src/worker/host';
import {
  commandTransferables,
  eventTransferables,
  parseCommand,
  parseEvent,
  PROTOCOL_VERSION,
  ProtocolError,
  type WorkerEvent,
} from '../../src/worker/protocol';
import { cpuBackend, chooseBackend } from '../../src/worker/backend-choice';
import { seq } from '../helpers/specs';

const v = PROTOCOL_VERSION;
const spec = seq(
  [1, 8, 8],
  [
    ['f', 'flatten'],
    ['fc', 'dense', { units: 2 }],
  ],
);
const dataset = {
  name: 'tiny',
  channels: 1,
  height: 8,
  width: 8,
  classNames: ['a', 'b'],
  count: 4,
  images: new Uint8Array(4 * 64),
  labels: Uint16Array.from([0, 1, 0, 1]),
};

function rejects(data: unknown, pattern: RegExp): ProtocolError {
  try {
    parseCommand(data);
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as Error).message).toMatch(pattern);
    return e as ProtocolError;
  }
  throw new Error(`accepted ${JSON.stringify(data)}`);
}

describe('parseCommand', () => {
  it('accepts well-formed commands and fills nothing it should not', () => {
    expect(parseCommand({ v, id: 1, type: 'start' })).toEqual({ v, id: 1, type: 'start' });
    expect(parseCommand({ v, id: 2, type: 'step', count: 5 })).toEqual({ v, id: 2, type: 'step', count: 5 }); // prettier-ignore
    expect(parseCommand({ v, id: 3, type: 'init', prefer: 'cpu' })).toEqual({ v, id: 3, type: 'init', prefer: 'cpu' }); // prettier-ignore
    const c = parseCommand({ v, id: 4, type: 'configure', spec, settings: { batchSize: 8 }, dataset: { kind: 'shapes', count: 100, size: 16 } }); // prettier-ignore
    expect(c.type === 'configure' && c.settings.batchSize).toBe(8);
    expect(c.type === 'configure' && c.settings.optimizer).toEqual(
      DEFAULT_TRAINING_SETTINGS.optimizer,
    );
    expect(c.type === 'configure' && c.dataset).toEqual({ kind: 'shapes', count: 100, size: 16 });
    const custom = parseCommand({ v, id: 5, type: 'configure', spec, settings: {}, dataset: { kind: 'custom', dataset } }); // prettier-ignore
    expect(custom.type === 'configure' && custom.dataset.kind).toBe('custom');
    const insp = parseCommand({ v, id: 6, type: 'inspect', request: { kind: 'predictions', count: 4, k: 2 } }); // prettier-ignore
    expect(insp).toEqual({ v, id: 6, type: 'inspect', request: { kind: 'predictions', count: 4, k: 2 } }); // prettier-ignore
    expect(parseCommand({ v, id: 7, type: 'lrRangeTest' })).toEqual({ v, id: 7, type: 'lrRangeTest', options: {} }); // prettier-ignore
  });

  it('rejects malformed messages with a reason', () => {
    rejects(null, /must be an object/);
    rejects('start', /must be an object/);
    rejects([1, 2], /must be an object/);
    rejects({ id: 1, type: 'start' }, /protocol version undefined/);
    rejects({ v: 99, id: 1, type: 'start' }, /protocol version 99 is not supported.*reload/);
    rejects({ v, type: 'start' }, /"id" must be a whole number/);
    rejects({ v, id: 1.5, type: 'start' }, /"id"/);
    const e = rejects({ v, id: 9, type: 'explode' }, /unknown command "explode"/);
    expect(e.replyTo).toBe(9);
    rejects({ v, id: 1, type: 'step' }, /"count" must be a number/);
    rejects({ v, id: 1, type: 'step', count: 0 }, /"count" must be ≥ 1/);
    rejects({ v, id: 1, type: 'step', count: 2.5 }, /whole number/);
    rejects({ v, id: 1, type: 'setLearningRate', lr: 0 }, /"lr" must be > 0/);
    rejects({ v, id: 1, type: 'setLearningRate', lr: Number.NaN }, /"lr" must be a number/);
    rejects({ v, id: 1, type: 'setLearningRate', lr: '0.1' }, /"lr" must be a number/);
    rejects({ v, id: 1, type: 'init', prefer: 'cuda' }, /"prefer"/);
    rejects({ v, id: 1, type: 'importWeights', bytes: [1, 2] }, /"bytes" must be a Uint8Array/);
    rejects({ v, id: 1, type: 'inspect' }, /"request" must be an object/);
    rejects({ v, id: 1, type: 'inspect', request: { kind: 'xray' } }, /unknown inspection "xray"/);
    rejects({ v, id: 1, type: 'inspect', request: { kind: 'activations' } }, /"position"/);
    rejects({ v, id: 1, type: 'inspect', request: { kind: 'predictions', positions: [1, -1] } }, /positions/); // prettier-ignore
    rejects({ v, id: 1, type: 'inspect', request: { kind: 'filters', normalization: 'x' } }, /normalization/); // prettier-ignore
    rejects({ v, id: 1, type: 'inspect', request: { kind: 'gradientCheck' } }, /"layerId" must be a string/); // prettier-ignore
    rejects({ v, id: 1, type: 'lrRangeTest', options: { lo: 1, hi: 0.1 } }, /"hi" must be above "lo"/); // prettier-ignore
  });

  it('rejects bad configure payloads: spec, settings, dataset', () => {
    const ok = { v, id: 1, type: 'configure', spec, settings: {}, dataset: { kind: 'mnist' } };
    parseCommand(ok);
    rejects({ ...ok, spec: { format: 'x' } }, /not a convplay network/);
    rejects({ ...ok, settings: { batchSize: -3 } }, /batchSize must be a number in \[1, 4096\]/);
    rejects({ ...ok, settings: { optimizer: { kind: 'lion' } } }, /optimizer.kind must be one of/);
    rejects({ ...ok, settings: { wat: 1 } }, /unknown setting "wat"/);
    rejects({ ...ok, dataset: { kind: 'imagenet' } }, /unknown dataset kind "imagenet"/);
    rejects({ ...ok, dataset: { kind: 'shapes', count: 100, channels: 2 } }, /1 or 3/);
    const bad = { ...dataset, labels: Uint16Array.from([0, 1, 0, 7]) };
    rejects(
      { ...ok, dataset: { kind: 'custom', dataset: bad } },
      /label 7 of example 3 is outside/,
    );
    rejects({ ...ok, dataset: { kind: 'custom', dataset: { ...dataset, images: [1, 2] } } }, /Uint8Array/); // prettier-ignore
    const splits = { train: Uint32Array.from([0, 1]), validation: Uint32Array.from([9]), test: new Uint32Array(0) }; // prettier-ignore
    rejects({ ...ok, dataset: { kind: 'custom', dataset, splits } }, /splits.validation names example 9 of 4/); // prettier-ignore
  });

  it('lists the buffers to transfer', () => {
    const c = parseCommand({ v, id: 1, type: 'configure', spec, settings: {}, dataset: { kind: 'custom', dataset } }); // prettier-ignore
    expect(commandTransferables(c)).toEqual([dataset.images.buffer, dataset.labels.buffer]);
    const bytes = new Uint8Array(8);
    expect(commandTransferables(parseCommand({ v, id: 2, type: 'importWeights', bytes }))).toEqual([bytes.buffer]); // prettier-ignore
    const rgba = new Uint8ClampedArray(16);
    const event = { v, type: 'inspection', replyTo: 1, result: { kind: 'filters', filters: { rgba } } } as unknown as WorkerEvent; // prettier-ignore
    expect(eventTransferables(event)).toEqual([rgba.buffer]);
    expect(eventTransferables({ v, type: 'status', status: { state: 'idle', step: 0 } })).toEqual(
      [],
    );
  });

  it('parseEvent accepts only known, versioned events', () => {
    expect(parseEvent({ v, type: 'done', replyTo: 3 })).toEqual({ v, type: 'done', replyTo: 3 });
    expect(parseEvent({ v: 0, type: 'done', replyTo: 3 })).toBeNull();
    expect(parseEvent({ v, type: 'surprise' })).toBeNull();
    expect(parseEvent({ v, type: 'done', replyTo: 'x' })).toBeNull();
    expect(parseEvent(42)).toBeNull();
  });
});

describe('TrainingHost', () => {
  it('answers malformed and premature messages with error events, never throwing', async () => {
    const events: WorkerEvent[] = [];
    const host = new TrainingHost((e) => void events.push(e), {
      chooseBackend,
      cpuBackend,
      loadMnist: () => Promise.reject(new Error('offline')),
    });
    await host.handle(undefined);
    await host.handle({ v, id: 1, type: 'nope' });
    await host.handle({ v, id: 2, type: 'start' });
    await host.handle({ v, id: 3, type: 'configure', spec, settings: {}, dataset: { kind: 'mnist' } }); // prettier-ignore
    await host.handle({ v, id: 4, type: 'init', prefer: 'cpu' });
    await host.handle({ v, id: 5, type: 'configure', spec, settings: {}, dataset: { kind: 'mnist' } }); // prettier-ignore
    const wrongShape = seq(
      [3, 8, 8],
      [
        ['f', 'flatten'],
        ['fc', 'dense', { units: 2 }],
      ],
    );
    await host.handle({ v, id: 6, type: 'configure', spec: wrongShape, settings: {}, dataset: { kind: 'custom', dataset } }); // prettier-ignore
    expect(events.map((e) => [e.type, 'replyTo' in e ? e.replyTo : undefined])).toEqual([
      ['error', undefined],
      ['error', 1],
      ['error', 2],
      ['error', 3],
      ['ready', 4],
      ['error', 5],
      ['error', 6],
    ]);
    const messages = events.map((e) => (e.type === 'error' ? e.message : ''));
    expect(messages[0]).toMatch(/bad message: a command must be an object/);
    expect(messages[2]).toMatch(/configure first/);
    expect(messages[3]).toMatch(/send init first/);
    expect(messages[5]).toBe('offline');
    expect(messages[6]).toMatch(/expects 3×8×8 inputs/);
    const ready = events[4];
    expect(ready.type === 'ready' && ready.backend).toMatchObject({ name: 'cpu', description: expect.stringMatching(/^CPU/), notice: null }); // prettier-ignore
  });
});
