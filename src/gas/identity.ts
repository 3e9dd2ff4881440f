// Who is running this action. Apps Script returns '' when it may not reveal the email (consumer
// accounts across domains, unauthorised add-ons): callers must treat '' as "unknown", never as a user.
import type { Identity } from '../core/access/roles';
import { activeSpreadsheet } from './sheets';

export function currentIdentity(): Identity {
  const owner = activeSpreadsheet().getOwner();
  return {
    email: (Session.getActiveUser().getEmail() || '').trim().toLowerCase(),
    owner_email: owner ? owner.getEmail().trim().toLowerCase() : '',
  };
}
