// The service-token contract with inventory lives in @switchyard/auth (both sides share it).
export {
  createServiceTokenSigner,
  RESERVATION_SCOPE,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_ISSUER,
} from '@switchyard/auth';
