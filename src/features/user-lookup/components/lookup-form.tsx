import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { adapters } from '../../../lib/twilio/adapters.ts';
import { looksLikeAddress, parseAddress } from '../../../lib/twilio/address.ts';
import { API_KINDS, type ApiKind } from '../../../lib/twilio/membership.ts';
import { rememberedService, rememberService, servicesQuery } from '../api/services.ts';

export interface LookupTarget {
  api: ApiKind;
  service: string;
  user: string;
}

interface LookupFormProps {
  /** What the address shows (none on the home page). The fields start from it and follow it when it changes. */
  api: ApiKind;
  service: string | null;
  user: string | null;
  /** The APIs the server can reach (a region without Chat offers Conversations alone); all while unknown. */
  apis?: readonly ApiKind[];
  onLookUp: (target: LookupTarget) => void;
  /** The agent is typing (or pasting) in the User field: a lookup is coming. */
  onTyping?: () => void;
  /** Conversations: the text is a participant's address (`+1555…`, `whatsapp:+…`, `messenger:…`), already checked. */
  onFindParticipant: (target: { service: string; address: string }) => void;
}

/**
 * API, Service and User, and Look up. The identity is used exactly as typed (case-sensitive, not trimmed):
 * identities are free-form and the agent pastes them from a ticket.
 */
export function LookupForm({
  api: addressApi,
  service: addressService,
  user: addressUser,
  apis = API_KINDS,
  onLookUp,
  onTyping,
  onFindParticipant,
}: LookupFormProps) {
  const [chosenApi, setApi] = useState<ApiKind>(addressApi);
  const api = apis.includes(chosenApi) ? chosenApi : (apis[0] ?? chosenApi);
  const [chosenService, setChosenService] = useState<string | null>(
    addressService ?? rememberedService(addressApi),
  );
  const [user, setUser] = useState(addressUser ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  // The address changed (a lookup, Back, a link): the fields show it again, reset in this render. Not by remounting
  // the form: that rebuilt it in every lookup's first commit (BENCHMARKS.md, "Speed work") and took the focus
  // away from the field the agent had pressed Enter in.
  const [address, setAddress] = useState({ api: addressApi, service: addressService, user: addressUser });
  if (address.api !== addressApi || address.service !== addressService || address.user !== addressUser) {
    setAddress({ api: addressApi, service: addressService, user: addressUser });
    setApi(addressApi);
    setChosenService(addressService ?? rememberedService(addressApi));
    setUser(addressUser ?? '');
    setProblem(null);
  }
  const services = useQuery(servicesQuery(api));
  const problemId = useId();

  const serviceList = services.data ?? [];
  // The remembered service may be gone or belong to another account: fall back to the first one listed.
  const service =
    chosenService && (serviceList.length === 0 || serviceList.some((s) => s.sid === chosenService))
      ? chosenService
      : (serviceList[0]?.sid ?? null);

  const changeApi = (next: ApiKind) => {
    setApi(next);
    setChosenService(rememberedService(next));
  };

  const takesAddresses = api === 'conversations';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (user === '') {
      return setProblem(
        takesAddresses
          ? 'Enter an identity, a user SID (US…) or an address (+15551234567, whatsapp:+…).'
          : 'Enter an identity or a user SID (US…).',
      );
    }
    if (!service) return setProblem('Choose a service first.');
    const address = takesAddresses && looksLikeAddress(user) ? parseAddress(user) : null;
    // A malformed address is refused here: nothing is sent.
    if (address && !address.ok) return setProblem(address.problem);
    // Only when there is one: a no-op set state can still render the form once more, in the click's own task.
    if (problem !== null) setProblem(null);
    if (address?.ok) onFindParticipant({ service, address: address.address });
    else onLookUp({ api, service, user });
    // After the lookup's requests have left.
    rememberService(api, service);
  };

  return (
    <form className="lookup" onSubmit={submit} aria-label="Look up a user" noValidate>
      <label className="field">
        <span>API</span>
        <select value={api} onChange={(event) => changeApi(event.target.value as ApiKind)}>
          {apis.map((kind) => (
            <option key={kind} value={kind}>
              {adapters[kind].profile.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Service</span>
        <select
          className="service-select"
          value={service ?? ''}
          onChange={(event) => {
            setChosenService(event.target.value);
            rememberService(api, event.target.value);
          }}
          disabled={serviceList.length === 0}
          aria-busy={services.isPending}
        >
          {serviceList.length === 0 && (
            <option value="">{services.isError ? 'Services unavailable' : 'Loading services…'}</option>
          )}
          {/* A service from a pasted link that this account doesn't list still shows as chosen. */}
          {service && serviceList.length > 0 && !serviceList.some((s) => s.sid === service) && (
            <option value={service}>{service}</option>
          )}
          {/* Name and "default" first: the closed select shows as much as its width allows (styles.css). */}
          {serviceList.map((s) => (
            <option key={s.sid} value={s.sid}>
              {[s.friendlyName, s.isDefault && '— default', s.friendlyName ? `(${s.sid})` : s.sid]
                .filter(Boolean)
                .join(' ')}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span>User</span>
        <input
          type="text"
          value={user}
          onChange={(event) => {
            setUser(event.target.value);
            onTyping?.();
          }}
          placeholder={takesAddresses ? 'identity, US… or +1555…' : 'identity or US…'}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
        />
      </label>
      <button type="submit" className="button button-primary">
        Look up
      </button>
      {problem && (
        <p id={problemId} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {services.isError && (
        <p className="field-problem" role="alert">
          Couldn't list services: {services.error.message}
        </p>
      )}
    </form>
  );
}
