import { posix } from 'node:path';
import type { ImageResolvers } from '../__generated__/resolvers.js';
import type { ImageRow } from '../repository.js';

/** Thumbnail size in pixels, as the image service names the rendition. */
const THUMBNAIL_SIZE = '150x150';

/**
 * The URL of one rendition of a stored image: key `products/12/1` gives
 * `<base>/products/12/<prefix>1.jpg`.
 */
function renditionUrl(base: string, image: ImageRow, prefix: string): string {
  return `${base}/${posix.dirname(image.key)}/${prefix}${posix.basename(image.key)}.jpg`;
}

export const Image: ImageResolvers = {
  url: (image, _args, { imageBaseUrl }) => renditionUrl(imageBaseUrl, image, 'full_'),
  thumbnailUrl: (image, _args, { imageBaseUrl }) => renditionUrl(imageBaseUrl, image, `thumb_${THUMBNAIL_SIZE}_`),
};
