/** `reconcile --import`. Not built yet: see the issue that owns it. */
import { ReconcileError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export async function runImport(_ctx: CommandContext): Promise<number> {
  throw new ReconcileError('NOT_IMPLEMENTED', '--import is not implemented yet');
}
