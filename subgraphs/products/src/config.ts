import { type Env, url } from '@switchyard/config';
import { loadSubgraphConfig, type SubgraphConfig } from '@switchyard/service';

/** Where product images are served from unless IMAGE_BASE_URL says otherwise. */
export const DEFAULT_IMAGE_BASE_URL = 'https://images.switchyard.example';

/** What the products process reads from its environment (README: Configuration). */
export interface ProductsConfig extends SubgraphConfig {
  /** `IMAGE_BASE_URL`: the image CDN, http(s). @default https://images.switchyard.example */
  imageBaseUrl: string;
}

/** Parses the products configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadProductsConfig(env: Env): ProductsConfig {
  return {
    ...loadSubgraphConfig(env, 'products', 4002),
    imageBaseUrl: url(env, 'IMAGE_BASE_URL', ['https:', 'http:']) ?? DEFAULT_IMAGE_BASE_URL,
  };
}
