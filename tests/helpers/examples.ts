import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { deref, loadBundled, type OpenApiDocument } from './spec';

/** The `x-authspec-*` extensions the code generator reads. */
export const SPEC_EXTENSIONS = [
  'x-authspec-secret',
  'x-authspec-name',
  'x-authspec-client-option',
  'x-authspec-single-use',
];

export type DocumentedExample = { pointer: string; schemaPointer: string; value: unknown };

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every example a document states, with the schema it must satisfy: media types, parameters
 * and headers (`example` / `examples`), and JSON Schema `examples` arrays inside schemas.
 */
export function collectExamples(doc: OpenApiDocument): DocumentedExample[] {
  const found: DocumentedExample[] = [];
  const visit = (node: unknown, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, any>;
    if (obj.schema && typeof obj.schema === 'object') {
      const schemaPointer = `${pointer}/schema`;
      if ('example' in obj) found.push({ pointer: `${pointer}/example`, schemaPointer, value: obj.example });
      if (obj.examples && !Array.isArray(obj.examples)) {
        for (const [name, named] of Object.entries<any>(obj.examples)) {
          // A shared example (`$ref` to components/examples) is checked where it is used.
          const ex = deref(doc, named);
          if (ex && 'value' in ex) {
            found.push({
              pointer: `${pointer}/examples/${escapePointer(name)}`,
              schemaPointer,
              value: ex.value,
            });
          }
        }
      }
    }
    if (Array.isArray(obj.examples) && (obj.type || obj.properties || obj.oneOf || obj.items)) {
      obj.examples.forEach((value: unknown, i: number) => {
        found.push({ pointer: `${pointer}/examples/${i}`, schemaPointer: pointer, value });
      });
    }
    for (const [key, child] of Object.entries(obj)) visit(child, `${pointer}/${escapePointer(key)}`);
  };
  visit(doc, '#');
  return found;
}

/** A JSON Schema 2020-12 validator (OpenAPI 3.1's dialect) over one bundled document. */
export function schemaValidator(api: string) {
  // Union types (`type: [string, 'null']`) are how OpenAPI 3.1 spells a nullable value.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: false });
  addFormats(ajv);
  // Annotation keywords OpenAPI adds to JSON Schema, the project's own extensions (listed one
  // by one, so that a misspelt extension still fails), and the members of the document root
  // (the document is registered whole so that schema pointers into it resolve).
  ajv.addVocabulary(['example', 'xml', 'externalDocs']);
  ajv.addVocabulary(SPEC_EXTENSIONS);
  ajv.addVocabulary(['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components']);
  const id = `https://authspec.invalid/${api}.json`;
  ajv.addSchema({ ...loadBundled(api), $id: id } as object);
  const cache = new Map<string, ValidateFunction>();
  return (schemaPointer: string, value: unknown) => {
    let validate = cache.get(schemaPointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${id}${schemaPointer}` });
      cache.set(schemaPointer, validate);
    }
    const valid = validate(value) as boolean;
    return { valid, errors: ajv.errorsText(validate.errors) };
  };
}
