#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npm start` needs no separate build of the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
