// Small line charts in plain SVG: one polyline per series, scaled to the chart's viewBox (300 x 60).

const WIDTH = 300;
const HEIGHT = 60;
const SVG = "http://www.w3.org/2000/svg";

/**
 * Draws `series` (arrays of numbers, same length, oldest first) into `svg`, the first in the accent colour and
 * the second in green. The vertical scale goes from 0 to the largest value (at least `floor`).
 */
export function drawLines(svg, series, floor = 1) {
  const max = Math.max(floor, ...series.flat());
  svg.replaceChildren();
  series.forEach((values, i) => {
    if (values.length < 2) return;
    const step = WIDTH / (values.length - 1);
    const points = values.map((v, x) => `${(x * step).toFixed(1)},${(HEIGHT - (v / max) * (HEIGHT - 4) - 2).toFixed(1)}`);
    const line = document.createElementNS(SVG, "polyline");
    line.setAttribute("points", points.join(" "));
    line.setAttribute("class", i === 0 ? "line" : "line second");
    svg.appendChild(line);
  });
  const title = document.createElementNS(SVG, "title");
  title.textContent = `max ${max}`;
  svg.appendChild(title);
}
