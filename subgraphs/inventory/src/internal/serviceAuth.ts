// The service-token contract with orders lives in @switchyard/auth (both sides share it).
export {
  createServiceTokenVerifier,
  RESERVATION_SCOPE,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_ISSUER,
  type ServiceTokenVerifier,
} from '@switchyard/auth';
