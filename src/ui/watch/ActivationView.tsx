// Activation maps: what a chosen layer outputs for a chosen validation image, next to the image
// and what the network thinks it is. Linked with the filter grid: a filter click picks conv1
// and that channel here (both read the watch store).
import { useMemo, useState } from 'react';
import { exampleRgba, grayTiles, tile, type Normalization } from '../../engine/inspect/images';
import { getLayerDef } from '../../engine/layers/registry';
import { useTraining } from '../../store/training';
import { useWatch } from '../../store/watch';
import { formatPercent } from '../format';
import { shapeText, useConfiguredNetwork } from './configured';
import { FeatureMaps } from './FeatureMaps';
import { ImagePicker } from './ImagePicker';
import { PixelCanvas } from './PixelCanvas';
import { useInspection } from './use-inspection';

const REFRESH_MS = 1500;
const BIG_PX = 96;

export function ActivationView() {
  const network = useConfiguredNetwork();
  const summary = useTraining((s) => s.summary);
  const position = useWatch((s) => s.imagePosition);
  const setPosition = useWatch((s) => s.setImagePosition);
  const chosenLayer = useWatch((s) => s.layerId);
  const setLayer = useWatch((s) => s.setLayer);
  const highlight = useWatch((s) => s.highlight);
  const highlightChannel = useWatch((s) => s.highlightChannel);
  const [normalization, setNormalization] = useState<Normalization>('tile');

  const layers = useMemo(() => (network?.layers ?? []).filter((l) => l.outShape), [network]);
  const fallback = layers.find((l) => l.type === 'conv2d') ?? layers[0];
  const layer = layers.find((l) => l.id === chosenLayer) ?? fallback;
  const count = summary?.validationExamples || summary?.trainExamples || 0;
  const pos = count ? Math.min(position, count - 1) : 0;
  const layerId = layer?.id ?? '';

  const { data, error } = useInspection((c) => c.activations(pos, [layerId]), {
    key: `${pos}|${layerId}`,
    pollMs: REFRESH_MS,
    enabled: layerId !== '' && count > 0,
  });
  const map = data?.maps.find((m) => m.layerId === layerId) ?? null;
  const channel = highlight?.layerId === layerId ? highlight.channel : null;
  const input = useMemo(() => (data ? exampleRgba(data.image, ...data.imageShape) : null), [data]);
  const big = useMemo(() => {
    if (!map || channel === null || map.shape.length !== 3 || channel >= map.shape[0]) return null;
    const [, h, w] = map.shape;
    const plane = h * w;
    const one = map.values.subarray(channel * plane, (channel + 1) * plane);
    return { rgba: tile(grayTiles(one, 1, h, w), 0), h, w };
  }, [map, channel]);

  if (!summary || layers.length === 0) return null;
  const names = summary.classNames;
  return (
    <div className="activations">
      <h4>Activation maps</h4>
      <ImagePicker position={pos} count={count} onChange={setPosition} />
      <div className="field field-wide">
        <label htmlFor="activation-layer">Layer</label>
        <select id="activation-layer" value={layerId} onChange={(e) => setLayer(e.target.value)}>
          {layers.map((l) => (
            <option key={l.id} value={l.id}>
              {l.id} · {getLayerDef(l.type)?.label ?? l.type} · {shapeText(l.outShape!)}
            </option>
          ))}
        </select>
      </div>
      {error && <p className="hint">{error}</p>}
      {data && input && (
        <div className="activation-focus">
          <figure className="activation-input">
            <PixelCanvas
              rgba={input}
              width={data.imageShape[2]}
              height={data.imageShape[1]}
              displayWidth={BIG_PX}
              label={`Validation image ${pos + 1}: ${names[data.label] ?? data.label}`}
            />
            <figcaption>
              true <strong>{names[data.label]}</strong>, predicted{' '}
              <strong className={data.predicted === data.label ? 'ok' : 'wrong'}>
                {names[data.predicted]}
              </strong>{' '}
              {formatPercent(data.probabilities[data.predicted])}
            </figcaption>
          </figure>
          {big && channel !== null && (
            <figure className="activation-input">
              <PixelCanvas
                rgba={big.rgba}
                width={big.w}
                height={big.h}
                displayWidth={BIG_PX}
                className="highlighted-map"
                label={`Channel ${channel + 1} of ${layerId} for validation image ${pos + 1}`}
              />
              <figcaption>
                channel <strong>{channel + 1}</strong> of {layerId}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => highlightChannel(null)}
                >
                  clear
                </button>
              </figcaption>
            </figure>
          )}
        </div>
      )}
      {map && (
        <>
          <FeatureMaps
            map={map}
            normalization={normalization}
            selected={channel}
            onSelect={(k) => highlightChannel(k === null ? null : { layerId, channel: k })}
          />
          <div className="activation-meta hint">
            <span>
              values {map.min.toPrecision(3)} … {map.max.toPrecision(3)}
            </span>
            {map.shape.length === 3 && (
              <label className="inline-check">
                <input
                  type="checkbox"
                  checked={normalization === 'all'}
                  onChange={(e) => setNormalization(e.target.checked ? 'all' : 'tile')}
                />
                Same scale for all channels
              </label>
            )}
          </div>
        </>
      )}
    </div>
  );
}
