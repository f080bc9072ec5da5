// Conversations v1, each resource in both URL forms: `/v1/Services/{IS}/…` and the default service's `/v1/…`
// (the service /v1/Configuration names). Users and their user conversations, conversations, participants (chat
// identities and SMS/WhatsApp addresses), messages, and a participant's conversations by identity or address.
import { invalidParameter, notFound } from '../errors.ts';
import { PAGE_SIZE_LIMITS } from '../pagination.ts';
import { isSid } from '../sid.ts';
import type { AddressParticipantRecord, ChannelRecord, MemberRecord } from '../store.ts';
import {
  conversationJson,
  conversationMessageJson,
  conversationServiceJson,
  conversationsConfigurationJson,
  conversationUserJson,
  participantConversationJson,
  participantJson,
  userConversationJson,
} from '../wire-conversations.ts';
import {
  bySeq,
  CONVERSATIONS,
  channelOf,
  conversationsService,
  defineRoutes,
  findChannel,
  findMembership,
  findService,
  findUser,
  listResponse,
  messagePositions,
  noContent,
  type Params,
  type RouteContext,
  updateMembership,
} from './route-kit.ts';

type Participant = MemberRecord | AddressParticipantRecord;

/** A participant by SID, or a chat participant by identity (Twilio accepts either in the path). */
function findParticipant(ctx: RouteContext, channel: ChannelRecord, sidOrIdentity: string | undefined) {
  const found =
    sidOrIdentity === undefined
      ? undefined
      : (ctx.store.findMember(channel, sidOrIdentity) ??
        channel.addressParticipants.find((p) => p.sid === sidOrIdentity));
  if (!found) throw notFound(ctx.path.rawPath);
  return found;
}

/** Twilio sorts a participant's conversations by conversation SID: the SID's leading hex digits are the page key. */
const byConversationSid = (participant: Participant) =>
  Number.parseInt(participant.channelSid.slice(2, 14), 16);

function participantConversations(ctx: RouteContext, p: Params, serviceScoped: boolean): Response {
  const service = conversationsService(ctx, p);
  const identity = ctx.query.get('Identity');
  const address = ctx.query.get('Address');
  if ((identity === null) === (address === null)) {
    throw invalidParameter('Specify exactly one of Identity or Address');
  }
  let found: Participant[];
  if (identity !== null) found = ctx.store.findUser(service.sid, identity)?.memberships ?? [];
  else found = ctx.store.participantsWithAddress(service.sid, address ?? '');
  const sorted = [...found].sort((a, b) => byConversationSid(a) - byConversationSid(b));
  return listResponse(
    ctx,
    'conversations',
    sorted,
    byConversationSid,
    PAGE_SIZE_LIMITS.participantConversations,
    (participant) =>
      participantConversationJson(participant, channelOf(ctx, participant), ctx.accountSid, serviceScoped),
    identity !== null ? [['Identity', identity]] : [['Address', address ?? '']],
  );
}

export const conversationsRoutes = defineRoutes((route) => {
  route(CONVERSATIONS, 'GET', 'Configuration', (ctx) =>
    Response.json(conversationsConfigurationJson(ctx.store.defaultConversationServiceSid, ctx.accountSid)),
  );

  route(CONVERSATIONS, 'GET', 'Services', (ctx) =>
    listResponse(ctx, 'services', ctx.store.servicesInOrder(), bySeq, PAGE_SIZE_LIMITS.default, (s) =>
      conversationServiceJson(s, ctx.accountSid),
    ),
  );

  route(CONVERSATIONS, 'GET', 'Services/:service', (ctx, p) =>
    Response.json(conversationServiceJson(findService(ctx, p.service), ctx.accountSid)),
  );

  for (const prefix of ['', 'Services/:service/']) {
    const serviceScoped = prefix !== '';

    route(CONVERSATIONS, 'GET', `${prefix}Users/:user`, (ctx, p) => {
      const user = findUser(ctx, conversationsService(ctx, p), p.user);
      return Response.json(conversationUserJson(user, ctx.accountSid, serviceScoped));
    });

    route(CONVERSATIONS, 'GET', `${prefix}Users/:user/Conversations`, (ctx, p) => {
      const user = findUser(ctx, conversationsService(ctx, p), p.user);
      return listResponse(
        ctx,
        'conversations',
        user.memberships,
        bySeq,
        PAGE_SIZE_LIMITS.userConversations,
        (m) => userConversationJson(m, channelOf(ctx, m), ctx.accountSid, serviceScoped),
      );
    });

    const userConversation = `${prefix}Users/:user/Conversations/:channel`;

    route(CONVERSATIONS, 'GET', userConversation, (ctx, p) => {
      const { member, channel } = findMembership(ctx, conversationsService(ctx, p), p);
      return Response.json(userConversationJson(member, channel, ctx.accountSid, serviceScoped));
    });

    route(CONVERSATIONS, 'POST', userConversation, (ctx, p) => {
      const { member, channel } = findMembership(ctx, conversationsService(ctx, p), p);
      updateMembership(member, ctx.form, { index: 'LastReadMessageIndex', timestamp: 'LastReadTimestamp' });
      return Response.json(userConversationJson(member, channel, ctx.accountSid, serviceScoped));
    });

    // Twilio's "Delete a specific User Conversation": in the fake, as for the participant, the user leaves.
    route(CONVERSATIONS, 'DELETE', userConversation, (ctx, p) => {
      const { member } = findMembership(ctx, conversationsService(ctx, p), p);
      ctx.store.removeMember(member);
      return noContent();
    });

    const conversation = `${prefix}Conversations/:channel`;
    const inConversation = (ctx: RouteContext, p: Params) =>
      findChannel(ctx, conversationsService(ctx, p), p.channel);

    route(CONVERSATIONS, 'GET', conversation, (ctx, p) =>
      Response.json(conversationJson(inConversation(ctx, p), ctx.accountSid, serviceScoped)),
    );

    route(CONVERSATIONS, 'GET', `${conversation}/Participants`, (ctx, p) => {
      const channel = inConversation(ctx, p);
      const all: Participant[] = [...channel.members, ...channel.addressParticipants].sort(
        (a, b) => a.seq - b.seq,
      );
      return listResponse(ctx, 'participants', all, bySeq, PAGE_SIZE_LIMITS.participants, (participant) =>
        participantJson(participant, ctx.accountSid, serviceScoped),
      );
    });

    route(CONVERSATIONS, 'GET', `${conversation}/Participants/:participant`, (ctx, p) => {
      const participant = findParticipant(ctx, inConversation(ctx, p), p.participant);
      return Response.json(participantJson(participant, ctx.accountSid, serviceScoped));
    });

    route(CONVERSATIONS, 'DELETE', `${conversation}/Participants/:participant`, (ctx, p) => {
      // The spec: the DELETE takes the participant's SID (only the fetch also accepts an identity).
      if (!isSid('MB', p.participant ?? '')) throw notFound(ctx.path.rawPath);
      const participant = findParticipant(ctx, inConversation(ctx, p), p.participant);
      if ('identity' in participant) ctx.store.removeMember(participant);
      else ctx.store.removeAddressParticipant(participant);
      return noContent();
    });

    route(CONVERSATIONS, 'GET', `${conversation}/Messages`, (ctx, p) => {
      const channel = inConversation(ctx, p);
      const { positions, keyOf, filters } = messagePositions(ctx, channel);
      return listResponse(
        ctx,
        'messages',
        positions,
        keyOf,
        PAGE_SIZE_LIMITS.messages,
        (position) => conversationMessageJson(channel, position, ctx.accountSid, serviceScoped),
        filters,
      );
    });

    route(CONVERSATIONS, 'GET', `${prefix}ParticipantConversations`, (ctx, p) =>
      participantConversations(ctx, p, serviceScoped),
    );
  }
});
