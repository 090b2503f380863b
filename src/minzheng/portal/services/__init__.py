"""The portal's writes, one module per subject (callers import the module; the narrow kernel actor is `portal.channel`):

- `signin`: one-time codes through the gateway (hashed, expiring, rate-limited, locking), sessions, consent;
- `binding`: real-name binding of an account to a registry person (ID number + name through the blind index);
- `applications`: applications and their photos, filed through the kernel's own create_case and documents;
- `complaints`: objections, complaints and fraud reports, and the staff's answers;
- `requests`: marriage appointments, 清明 bookings, 身后一件事 and home-care orders through the owning apps' services;
- `notices`: notices (inbox + SMS) on state changes, from `core.audit.recorded`, set-based."""
