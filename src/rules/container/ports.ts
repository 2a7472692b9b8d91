import type { ContainerSpec, PortMapping } from '../../deploy/shared/container.js';
import { imageRefOf } from './images.js';

/**
 * Services that are meant to be reached by other containers, not by the network at large: data
 * stores, caches, brokers. Matched on the last segment of the image name (`bitnami/postgresql`,
 * `library/redis`) or on the container port they listen on by default.
 */
const INTERNAL_IMAGES: Array<[RegExp, string]> = [
  [/^(?:postgres|postgresql|postgis|timescaledb)$/, 'PostgreSQL'],
  [/^(?:mysql|mysql-server|percona(?:-server)?)$/, 'MySQL'],
  [/^mariadb$/, 'MariaDB'],
  [/^(?:mongo|mongodb|mongodb-community-server)$/, 'MongoDB'],
  [/^(?:redis|redis-stack|redis-stack-server|valkey|keydb)$/, 'Redis'],
  [/^memcached$/, 'Memcached'],
  [/^(?:elasticsearch|opensearch)$/, 'Elasticsearch/OpenSearch'],
  [/^rabbitmq$/, 'RabbitMQ'],
  [/^(?:cassandra|scylla)$/, 'Cassandra'],
  [/^couchdb$/, 'CouchDB'],
  [/^(?:mssql-server|mssql\/server)$/, 'SQL Server'],
  [/^etcd$/, 'etcd'],
  [/^zookeeper$/, 'ZooKeeper'],
];

/** Default ports of the same services; a published one marks a service as internal too. */
const INTERNAL_PORTS: Record<string, string> = {
  '5432': 'PostgreSQL',
  '3306': 'MySQL/MariaDB',
  '27017': 'MongoDB',
  '6379': 'Redis',
  '11211': 'Memcached',
  '9200': 'Elasticsearch/OpenSearch',
  '9300': 'Elasticsearch/OpenSearch',
  '5672': 'RabbitMQ',
  '9042': 'Cassandra',
  '5984': 'CouchDB',
  '1433': 'SQL Server',
  '2379': 'etcd',
  '2181': 'ZooKeeper',
};

/** What the service is, when its image says it is a data store or broker. */
export function internalServiceByImage(spec: ContainerSpec): string | undefined {
  if (!spec.image?.value) return undefined;
  const ref = imageRefOf(spec.image.value);
  if (!ref) return undefined;
  const repo = ref.repository.toLowerCase();
  const last = repo.split('/').pop()!;
  return INTERNAL_IMAGES.find(([re]) => re.test(last) || re.test(repo))?.[1];
}

/** The service a container port belongs to by default, if it is one of the internal ones. */
export function internalServiceByPort(containerPort: string): string | undefined {
  const first = containerPort.split('-')[0]!.trim();
  return INTERNAL_PORTS[first];
}

/** True when a published port listens on every interface of the host (no address, 0.0.0.0 or ::). */
export function publishedOnAllInterfaces(p: PortMapping): boolean {
  if (p.unresolved) return false;
  if (p.hostIp === undefined || p.hostIp === '') return true;
  const ip = p.hostIp.replace(/^\[|\]$/g, '');
  return ip === '0.0.0.0' || ip === '::' || ip === '*';
}

export const INTERNAL_SERVICE_NAMES = [...new Set(INTERNAL_IMAGES.map(([, n]) => n))].join(', ');
export const INTERNAL_PORT_LIST = Object.keys(INTERNAL_PORTS).join(', ');
