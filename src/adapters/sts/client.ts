/**
 * The one STS operation the tool uses, declared like every other client (see
 * src/adapters/declared-client.ts): GetCallerIdentity, the identity check every AWS command starts
 * with. It needs no permission ("No permissions are required to perform this
 * operation", https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), and
 * the tool writes nothing to STS.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { defineClient, type ReadClientOf } from '../declared-client.js';

/** The STS client declaration. */
export const STS_CLIENT = defineClient('sts', {
  read: { GetCallerIdentity: GetCallerIdentityCommand },
  write: {},
});

/** The STS read client. */
export type StsReadClient = ReadClientOf<typeof STS_CLIENT>;
