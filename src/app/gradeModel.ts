// The weighted evaluation model of grade reviews (评估模型, seed 001; SPEC 2.3): the shipped data file or another.

import { readFileSync } from 'node:fs';
import { InvalidGradeModel } from '../core/errors.js';
import { type GradeModel, validateGradeModel } from '../core/grade.js';

/** <root>/data/grade-model.json, from dist/app as from src/app. */
export const GRADE_MODEL_FILE = new URL('../../data/grade-model.json', import.meta.url);

let defaultModel: GradeModel | undefined;

/** Reads and validates a grade model file; the shipped default is read once. */
export function loadGradeModel(file?: string): GradeModel {
  if (file === undefined && defaultModel) return defaultModel;
  const source = file ?? 'data/grade-model.json';
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file ?? GRADE_MODEL_FILE, 'utf8'));
  } catch (e) {
    throw new InvalidGradeModel(source, (e as Error).message);
  }
  const model = validateGradeModel(raw, source);
  if (file === undefined) defaultModel = model;
  return model;
}
