import type { RequestOp, RequestOps, RequestResult } from '@liao/protocol';
import type { z } from 'zod';
import type { Caller } from '../caller';

/** The function that answers one op, given its parsed body. */
export type OpHandler<Op extends RequestOp = RequestOp> = (
  caller: Caller,
  body: z.output<(typeof RequestOps)[Op]['body']>,
) => Promise<RequestResult<Op>>;

/** Every op a client may request over the socket, answered by the domains (wired in app.ts). */
export type OpHandlers = { [Op in RequestOp]: OpHandler<Op> };
