/** `reconcile --restore`. Not built yet: see the issue that owns it. */
import { ReconcileError } from '../../errors.js';
import type { CommandContext } from '../context.js';

export async function runRestore(_ctx: CommandContext): Promise<number> {
  throw new ReconcileError('NOT_IMPLEMENTED', '--restore is not implemented yet');
}
