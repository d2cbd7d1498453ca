import { configReader, defaultOf, type Env } from '@switchyard/config';
import { loadSubgraphConfig, type SubgraphConfig } from '@switchyard/service';

/** Where product images are served from unless IMAGE_BASE_URL says otherwise (the catalogue's default). */
export const DEFAULT_IMAGE_BASE_URL: string = defaultOf('IMAGE_BASE_URL', 'products');

/** What the products process reads from its environment (defaults: packages/config/src/variables.ts). */
export interface ProductsConfig extends SubgraphConfig {
  /** `IMAGE_BASE_URL`: the image CDN, http(s). */
  imageBaseUrl: string;
}

/** Parses the products configuration; throws ConfigError (CONFIG_INVALID) on a malformed value. */
export function loadProductsConfig(env: Env): ProductsConfig {
  return {
    ...loadSubgraphConfig(env, 'products'),
    imageBaseUrl: configReader(env, 'products')('IMAGE_BASE_URL'),
  };
}
