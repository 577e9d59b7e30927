import type { Role } from '../db/schema.js';

export interface AccountView {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  /** null: every event (organisers and admins without a list). */
  eventIds: string[] | null;
  active: boolean;
  disabledAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export interface TokenView {
  id: string;
  name: string;
  role: Role;
  eventIds: string[] | null;
  holderEmail: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export function toAccountView(row: {
  id: string;
  email: string;
  full_name: string;
  role: Role;
  event_ids: string[] | null;
  disabled_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
}): AccountView {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    eventIds: row.event_ids,
    active: row.disabled_at === null,
    disabledAt: row.disabled_at,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
  };
}

export function toTokenView(row: {
  id: string;
  name: string;
  role: Role;
  event_ids: string[] | null;
  holder_email: string | null;
  created_at: Date;
  revoked_at: Date | null;
}): TokenView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    eventIds: row.event_ids,
    holderEmail: row.holder_email,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
