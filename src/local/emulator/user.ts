// Session's and Protection's User objects: only the email is known.
import type { Env } from './env';

export class User {
  constructor(private readonly env: Env, private readonly email: string) {}

  getEmail(): string {
    this.env.count('User.getEmail');
    return this.email;
  }

  toString(): string {
    return this.email;
  }
}

/** Accepts what Apps Script accepts where it wants a user: an email or a User. */
export function emailOf(user: unknown): string {
  if (user instanceof User) return user.toString().toLowerCase();
  return String(user).trim().toLowerCase();
}
