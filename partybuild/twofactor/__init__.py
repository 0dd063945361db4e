"""两步验证 (two-factor sign-in): a TOTP authenticator enrolled by QR code, one-time recovery codes,
the gate that holds a session to the code page until it is verified (and an administrator to the
enrolment page while ADMIN_2FA_REQUIRED is on), the lockout of code guessing and the
administrators' reset (docs/architecture.md, "Who sees what")."""
