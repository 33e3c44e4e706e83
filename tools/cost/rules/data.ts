/** RDS, ElastiCache, Amazon MQ, Secrets Manager and KMS. */
import { amount, plural, text, type StackPricing } from '../stack-pricing';

export const DATA_TYPES = [
  'aws_db_instance',
  'aws_elasticache_replication_group',
  'aws_mq_broker',
  'aws_secretsmanager_secret',
  'aws_kms_key',
] as const;

export function priceData(p: StackPricing): void {
  const { assumptions: a } = p;
  for (const db of p.resources('aws_db_instance')) {
    const engine = text(db.body, 'engine', '');
    const instanceClass = text(db.body, 'instance_class', '');
    const multiAz = db.body.multi_az === true;
    const copies = multiAz ? 2 : 1;
    const deployment = multiAz ? 'Multi-AZ (primary and standby)' : 'Single-AZ';
    p.charge({
      category: 'RDS PostgreSQL',
      item: 'instance',
      detail: `${instanceClass}, ${deployment}: ${copies} × ${p.hours} h`,
      quantity: copies * p.hours,
      priceKey: `rds.${engine}.${instanceClass}`,
      addresses: [db.address],
    });
    const storage = Number(db.body.allocated_storage ?? 0);
    const storageType = text(db.body, 'storage_type', 'gp2');
    p.charge({
      category: 'RDS PostgreSQL',
      item: 'storage',
      detail: `${amount(storage)} GB ${storageType} allocated${multiAz ? ' × 2 (Multi-AZ)' : ''}; autoscaling may grow it to ${amount(Number(db.body.max_allocated_storage ?? storage))} GB`,
      quantity: storage * copies,
      priceKey: `rds.${storageType}.gbMonth`,
      addresses: [db.address],
    });
    p.noCharge(
      'RDS PostgreSQL',
      'backups',
      `${text(db.body, 'backup_retention_period', '0')} days of automated backups, taken to stay within the free allowance (backup storage up to the database size)`,
      [db.address],
    );
    if (db.body.performance_insights_enabled === true) {
      const days = Number(db.body.performance_insights_retention_period ?? 7);
      if (days <= 7)
        p.noCharge('RDS PostgreSQL', 'Performance Insights', '7 days of history are free', [
          db.address,
        ]);
      else
        p.markUnpriced(
          db.address,
          `Performance Insights kept ${days} days is billed per vCPU-month: not in the price table`,
        );
    }
    const interval = Number(db.body.monitoring_interval ?? 0);
    if (interval > 0) {
      const gb = (a.enhancedMonitoringGb * 60) / interval;
      p.charge({
        category: 'RDS PostgreSQL',
        item: 'Enhanced Monitoring logs',
        detail: `${amount(gb)} GB into CloudWatch Logs (enhancedMonitoringGb at 60 s; every ${interval} s)`,
        quantity: gb,
        priceKey: 'logs.ingest.gb',
        addresses: [db.address],
      });
    }
    if (db.body.manage_master_user_password === true) {
      p.charge({
        category: 'Secrets Manager',
        item: 'RDS-managed master secret',
        detail: '1 secret RDS creates for the master password',
        quantity: 1,
        priceKey: 'secretsmanager.secret',
        addresses: [db.address],
      });
    }
  }

  for (const cache of p.resources('aws_elasticache_replication_group')) {
    const nodeType = text(cache.body, 'node_type', '');
    const engine = text(cache.body, 'engine', 'redis');
    const groups = Number(cache.body.num_node_groups ?? 0);
    const nodes =
      groups > 0
        ? groups * (1 + Number(cache.body.replicas_per_node_group ?? 0))
        : Number(cache.body.num_cache_clusters ?? 1);
    p.charge({
      category: 'ElastiCache',
      item: 'nodes',
      detail: `${plural(nodes, 'node')} ${nodeType} (${engine}) × ${p.hours} h`,
      quantity: nodes * p.hours,
      priceKey: `elasticache.${engine}.${nodeType}`,
      addresses: [cache.address],
    });
    if (Number(cache.body.snapshot_retention_limit ?? 0) > 0) {
      p.noCharge('ElastiCache', 'snapshots', 'one snapshot per cluster is stored free', [
        cache.address,
      ]);
    }
  }

  for (const broker of p.resources('aws_mq_broker')) {
    const instanceType = text(broker.body, 'host_instance_type', '');
    const engine = text(broker.body, 'engine_type', '').toLowerCase();
    const mode = text(broker.body, 'deployment_mode', 'SINGLE_INSTANCE');
    const nodes = mode === 'CLUSTER_MULTI_AZ' ? 3 : mode === 'ACTIVE_STANDBY_MULTI_AZ' ? 2 : 1;
    p.charge({
      category: 'Amazon MQ',
      item: 'broker',
      detail: `${instanceType} ${mode}: ${plural(nodes, 'node')} × ${p.hours} h`,
      quantity: nodes * p.hours,
      priceKey: `mq.${engine}.${instanceType}`,
      addresses: [broker.address],
    });
    p.charge({
      category: 'Amazon MQ',
      item: 'storage',
      detail: `${plural(nodes, 'node')} × ${amount(a.brokerStorageGb)} GB used (brokerStorageGb)`,
      quantity: nodes * a.brokerStorageGb,
      priceKey: 'mq.storage.gbMonth',
      addresses: [broker.address],
    });
  }

  const secrets = p.resources('aws_secretsmanager_secret');
  if (secrets.length > 0) {
    const addresses = secrets.map((r) => r.address);
    p.charge({
      category: 'Secrets Manager',
      item: 'secrets',
      detail: plural(secrets.length, 'secret'),
      quantity: secrets.length,
      priceKey: 'secretsmanager.secret',
      addresses,
    });
    p.charge({
      category: 'Secrets Manager',
      item: 'API calls',
      detail: `${plural(secrets.length, 'secret')} × ${amount(a.secretCallsPerSecret)} calls (secretCallsPerSecret)`,
      quantity: secrets.length * a.secretCallsPerSecret,
      priceKey: 'secretsmanager.call',
      addresses,
    });
  }

  const keys = p.resources('aws_kms_key');
  if (keys.length > 0) {
    const addresses = keys.map((r) => r.address);
    p.charge({
      category: 'KMS',
      item: 'keys',
      detail: plural(keys.length, 'customer managed key'),
      quantity: keys.length,
      priceKey: 'kms.key',
      addresses,
    });
    p.charge({
      category: 'KMS',
      item: 'requests',
      detail: `${plural(keys.length, 'key')} × ${amount(a.kmsRequestsPerKey)} requests (kmsRequestsPerKey)`,
      quantity: keys.length * a.kmsRequestsPerKey,
      priceKey: 'kms.request',
      addresses,
    });
  }
}
