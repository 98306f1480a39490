// Placeholder main job until the backtester lands: a kernel demo.
import { Panel, ewmMean } from '../index.js';

const p = Panel.fromColumns({ a: [1, 2, 3, 4, 5], b: [5, 4, 3, 2, 1] });
console.log(ewmMean(p, { span: 3 }).toArrow().toString());
