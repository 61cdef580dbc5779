// Messages between a host (extension or CLI) and a simulation worker. Defined once.

import type { NetworkSpec, SimulationOptions, SimulationResult } from '../core/types';

export type WorkerRequest =
  | { type: 'simulate'; id: number; network: NetworkSpec; options: SimulationOptions }
  | { type: 'cancel'; id: number };

export type WorkerResponse =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: SimulationResult }
  | { type: 'error'; id: number; message: string; cancelled: boolean };
