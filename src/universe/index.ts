export { universe, UNIVERSE_BY, UNIVERSE_DEFAULTS, type UniverseBy, type UniverseOptions } from './universe.js';
export { checkEligible, maskIneligible } from './eligible.js';
export { readUniverseFile, type ReadUniverseFileOptions, type UniverseData } from './readUniverseFile.js';
