// Long simulations check for cancellation at layer boundaries (design.md §7).

export class CancelledError extends Error {
  constructor() {
    super('simulation cancelled');
    this.name = 'CancelledError';
  }
}

export type IsCancelled = () => boolean;

export function throwIfCancelled(isCancelled: IsCancelled | undefined): void {
  if (isCancelled?.()) throw new CancelledError();
}
