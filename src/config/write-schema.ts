// `npm run schema`: write configs/gkt.schema.json from the config's definition (a test holds the file to it).
import { writeFileSync } from 'node:fs';
import { configJsonSchemaText, CONFIG_SCHEMA_PATH } from './json-schema.js';

writeFileSync(CONFIG_SCHEMA_PATH, configJsonSchemaText());
