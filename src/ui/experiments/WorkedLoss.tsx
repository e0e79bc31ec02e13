// The loss-functions experiment's worked example: the scores of three images for the classes
// cat, car and frog, and both losses computed step by step from them.
import { CLASSIC_EXAMPLE, workedLoss } from '../../engine/train/worked-loss';

const n2 = (v: number) => v.toFixed(2);

export function WorkedLoss() {
  const { classes, examples } = CLASSIC_EXAMPLE;
  const worked = examples.map((e) => workedLoss(e.scores, e.correct));
  const mean = worked.reduce((s, w) => s + w.hinge.loss, 0) / worked.length;
  const first = worked[0];
  const y = classes[first.correct];
  return (
    <details className="worked-loss" open>
      <summary>Worked example: scores 3.2 / 5.1 / −1.7 for a cat image</summary>
      <p>
        A classifier gives a {y} image the scores{' '}
        {first.scores.map((s, i) => `${classes[i]} ${s}`).join(', ')}. The right class is {y}.
      </p>
      <h4>Multiclass hinge (SVM), margin {first.margin}</h4>
      <ul aria-label="Hinge loss steps">
        {first.hinge.terms.map((t) => (
          <li key={t.j}>
            {classes[t.j]}: max(0, {first.scores[t.j]} − {first.scores[first.correct]} +{' '}
            {first.margin}) = max(0, {n2(t.raw)}) = {n2(t.value)}
          </li>
        ))}
        <li>
          <strong>loss = {n2(first.hinge.loss)}</strong> (the car score beats cat by more than the
          margin; frog is far enough below and costs nothing)
        </li>
      </ul>
      <p className="hint">
        The car and frog images of the same example lose{' '}
        {worked
          .slice(1)
          .map((w) => n2(w.hinge.loss))
          .join(' and ')}
        : the batch’s mean hinge loss is {n2(mean)}.
      </p>
      <h4>Softmax cross-entropy</h4>
      <ol aria-label="Softmax loss steps">
        <li>
          subtract the largest score (same result, no overflow):{' '}
          {first.softmax.shifted.map(n2).join(', ')}
        </li>
        <li>
          exponentiate: {first.softmax.exps.map((v) => v.toFixed(4)).join(', ')} (sum{' '}
          {first.softmax.sum.toFixed(4)})
        </li>
        <li>
          normalise to probabilities:{' '}
          {first.softmax.probabilities.map((p, i) => `${classes[i]} ${n2(p)}`).join(', ')}
        </li>
        <li>
          <strong>
            loss = −ln p({y}) = −ln {first.softmax.probabilities[first.correct].toFixed(4)} ={' '}
            {n2(first.softmax.loss)}
          </strong>
        </li>
      </ol>
      <p className="hint">
        Raising the cat score by a little lowers the softmax loss a little; the hinge loss only
        drops once cat beats car, and stops at 0 when it leads every class by the margin.
      </p>
    </details>
  );
}
