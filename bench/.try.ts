import { runOverheadBenchmark } from "./overhead";
runOverheadBenchmark({ size: (process.argv[2] as "smoke") ?? "smoke", log: console.error }).then((r) => { console.log(JSON.stringify(r.result)); }, (e) => { console.error(e); process.exit(1); });
