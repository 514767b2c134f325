import { apiTarget } from '../../../../lib/api-target';
import { forwardToApi } from '../../../../lib/forward-to-api';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ trpc: string }> };

async function handle(request: Request, context: Context): Promise<Response> {
  const { trpc } = await context.params;
  return forwardToApi(request, trpc, apiTarget());
}

export { handle as GET, handle as POST };
