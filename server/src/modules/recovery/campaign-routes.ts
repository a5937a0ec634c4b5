import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { ensureDefaultCampaign } from './campaign-defaults.ts';
import { CampaignInput, CampaignPatch, CampaignRunView, CampaignView } from './campaign-model.ts';
import {
  activateCampaign,
  CampaignListQuery,
  CampaignRunListQuery,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaignRuns,
  listCampaigns,
  pauseCampaign,
  updateCampaign,
} from './campaigns.ts';

const ADMIN: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const TAGS = ['recovery campaigns'];
const BASE = '/admin/v1/recovery/campaigns';
const Params = z.object({ campaignId: z.string().min(1).max(64) });

/** Staff's recovery campaigns: thin routes over `campaigns.ts`. */
export async function campaignRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const canRead = requirePermission('recovery.read');
  const canManage = requirePermission('recovery.manage');

  r.get(
    BASE,
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Recovery campaigns',
        description:
          'Newest first, cursor pagination. The store’s default campaign (e-mail at 1 h, e-mail with a unique 10 % code ' +
          'at 24 h, SMS at 48 h) is made on the first look.',
        querystring: CampaignListQuery,
        response: { 200: pageSchema(CampaignView) },
      },
    },
    async (req) => {
      const storeId = storeOf(req);
      await ensureDefaultCampaign(platform, { storeId });
      return listCampaigns(platform, { storeId, query: req.query });
    },
  );

  r.post(
    BASE,
    {
      preHandler: canManage,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Create a campaign (a draft)',
        description:
          'Trigger conditions, ordered steps (delay after abandonment, channel, template, optional unique discount ' +
          'code, optional A/B variants) and exit conditions. 422 UNPROCESSABLE for a template that is not a recovery ' +
          'template of the step’s channel. Audited; emits `campaign.created`.',
        body: CampaignInput,
        response: { 201: CampaignView },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await createCampaign(platform, {
          storeId: storeOf(req),
          input: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.get(
    `${BASE}/:campaignId`,
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'A campaign',
        params: Params,
        response: { 200: CampaignView },
      },
    },
    async (req) => getCampaign(platform, { storeId: storeOf(req), campaignId: req.params.campaignId }),
  );

  r.patch(
    `${BASE}/:campaignId`,
    {
      preHandler: canManage,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Change a campaign',
        description:
          'Fields left out stay. Carts already in the campaign keep the steps they started with. Audited; emits ' +
          '`campaign.updated`.',
        params: Params,
        body: CampaignPatch,
        response: { 200: CampaignView },
      },
    },
    async (req) =>
      updateCampaign(platform, {
        storeId: storeOf(req),
        campaignId: req.params.campaignId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    `${BASE}/:campaignId`,
    {
      preHandler: canManage,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Delete a draft campaign',
        description:
          '409 INVALID_STATE_TRANSITION for a campaign that is active or paused. Audited; emits `campaign.deleted`.',
        params: Params,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await deleteCampaign(platform, {
        storeId: storeOf(req),
        campaignId: req.params.campaignId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    `${BASE}/:campaignId/activate`,
    {
      preHandler: canManage,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Activate a campaign',
        description:
          'A draft or a paused campaign starts taking abandoned carts. 409 INVALID_STATE_TRANSITION if it is active. ' +
          'Audited; emits `campaign.activated`.',
        params: Params,
        response: { 200: CampaignView },
      },
    },
    async (req) =>
      activateCampaign(platform, {
        storeId: storeOf(req),
        campaignId: req.params.campaignId,
        actor: auditContext(req),
      }),
  );

  r.post(
    `${BASE}/:campaignId/pause`,
    {
      preHandler: canManage,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'Pause a campaign',
        description:
          'No cart enters it any more, and its running runs end before their next step. 409 ' +
          'INVALID_STATE_TRANSITION unless it is active. Audited; emits `campaign.paused`.',
        params: Params,
        response: { 200: CampaignView },
      },
    },
    async (req) =>
      pauseCampaign(platform, {
        storeId: storeOf(req),
        campaignId: req.params.campaignId,
        actor: auditContext(req),
      }),
  );

  r.get(
    `${BASE}/:campaignId/runs`,
    {
      preHandler: canRead,
      schema: {
        tags: TAGS,
        security: ADMIN,
        summary: 'A campaign’s runs',
        description:
          'One run per abandoned cart that entered the campaign, newest first: its cart, the steps reached (channel, ' +
          'A/B variant, discount code, message, outcome, when the provider took it), status and exit reason.',
        params: Params,
        querystring: CampaignRunListQuery,
        response: { 200: pageSchema(CampaignRunView) },
      },
    },
    async (req) =>
      listCampaignRuns(platform, {
        storeId: storeOf(req),
        campaignId: req.params.campaignId,
        query: req.query,
      }),
  );
}
