// Option groups several commands share: which items to run, and where a server listens.
import { Option, type Command } from 'commander';
import { SHARDS_VARIABLE } from './cluster/shard-env.js';
import { nonNegativeInt, port, positiveInt } from './cli-values.js';

/** The one-cell flags typed on the command line; a config file sets all of these itself. */
export function oneCellFlagsGiven(command: Command): string[] {
  return command.options
    .filter((option) => option.description.startsWith('one-cell mode') && command.getOptionValueSource(option.attributeName()) === 'cli')
    .map((option) => option.long ?? option.flags);
}

/** Which items of each dataset: the first n, or n drawn at random. */
export function itemOptions(command: Command): Command {
  return command
    .addOption(new Option('--limit <n>', 'use only the first n items of each dataset').argParser(positiveInt).conflicts('sample'))
    .option('--sample <n>', 'use n items drawn at random (with --seed)', positiveInt)
    .option('--seed <s>', 'seed for --sample and for request seeds', nonNegativeInt);
}

/** The items, the shard of them this machine runs, and where datasets without a path are read. */
export function selectionOptions(command: Command): Command {
  return itemOptions(command)
    .option('--shard <i/n|auto>', 'run shard i of n (1-based), splitting items across machines; auto: the shard a Slurm array task or Kubernetes Indexed Job pod stands for')
    .option('--shards <n>', `with --shard auto: the number of shards, where the scheduler does not say it (Kubernetes; or ${SHARDS_VARIABLE}=n)`, positiveInt)
    .option('--datasets-dir <dir>', 'where datasets without a path are read, as `gkt datasets fetch --dir` puts them (default: the datasets/ folder of gkt)');
}

/** Where a command that serves pages or a model listens. */
export function listenOptions(command: Command): Command {
  return command
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', port, 0);
}
