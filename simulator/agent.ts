/** POST /v1/agent/get_auth_key and /v1/agent/logout: the merchant's mobile session key. */
import { headerValue } from './auth.js';
import type { ApiHandler, ApiRequest, SimContext } from './context.js';
import { newSessionKey } from './ids.js';
import { wireDate, type Answer } from './quirks.js';
import { errors, paynetOk } from './replies.js';
import { requiredString } from './validate.js';

export const handleGetAuthKey: ApiHandler = (ctx, request) => {
  if (!request.credentials.secretKey) return errors.unauthorized('Geçersiz secret key');
  if (headerValue(request.headers, 'PaynetMobile') !== '2') return errors.badRequest('PaynetMobile header must be 2');
  const agentId = requiredString(request.body, 'agent_id');
  const userId = requiredString(request.body, 'user_id');
  if (agentId !== ctx.options.agentId) return errors.agentNotFound('agent_id bulunamadı');
  if (userId !== ctx.options.userId) return errors.unauthorized('user_id bu bayiye ait değil');
  const sessionKey = newSessionKey();
  const expiresAt = ctx.options.now() + ctx.options.sessionKeyTtlMs;
  ctx.state.sessionKeys.set(sessionKey, expiresAt);
  return paynetOk('agent_session', {
    session_key: sessionKey,
    expired_date: wireDate(expiresAt),
    agent_id: agentId,
    company_code: 'SIM',
    user_id: userId,
    user_unique_id: `${agentId}-${userId}`,
    is_okc_inquiry: false,
  });
};

/** Undefined when the request carries a live Session-Key, else the error to answer with. */
export function sessionKeyProblem(ctx: SimContext, request: ApiRequest): Answer | undefined {
  const key = headerValue(request.headers, 'Session-Key');
  if (!key) return errors.unauthorized('Session-Key header is required');
  const expiresAt = ctx.state.sessionKeys.get(key);
  if (expiresAt === undefined) return errors.unauthorized('Session-Key is not valid');
  if (ctx.options.now() >= expiresAt) {
    ctx.state.sessionKeys.delete(key);
    return errors.unauthorized('Session-Key has expired');
  }
  return undefined;
}

export const handleLogout: ApiHandler = (ctx, request) => {
  const problem = sessionKeyProblem(ctx, request);
  if (problem) return problem;
  const key = headerValue(request.headers, 'Session-Key');
  if (key) ctx.state.sessionKeys.delete(key);
  return paynetOk('logout', {});
};
