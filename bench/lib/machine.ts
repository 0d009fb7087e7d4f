/** The machine a run was measured on, printed beside every figure. */
import { cpus, platform, release, totalmem, arch } from "node:os";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  node: string;
  os: string;
  arch: string;
  memoryGb: number;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    node: process.version,
    os: `${platform()} ${release()}`,
    arch: arch(),
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  };
}

export function describeMachine(info: MachineInfo): string {
  return `${info.cpuModel}, ${info.cores} cores, ${info.memoryGb} GB, ${info.os} (${info.arch}), Node ${info.node}`;
}
