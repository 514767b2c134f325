// Entry for running the server from source (tests, development): node --import tsx src/cli.ts …
import { main } from './main';

await main();
