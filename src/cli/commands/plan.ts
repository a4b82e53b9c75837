/** `reconcile --plan`. Not built yet: see the issue that owns it. */
import { ReconcileError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export async function runPlan(_ctx: CommandContext): Promise<number> {
  throw new ReconcileError('NOT_IMPLEMENTED', '--plan is not implemented yet');
}
