import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const USER_ROLES = ['owner', 'member'] as const;
/** `owner`: the portfolio owner (project writes); `member`: anyone else who registered. */
export type UserRole = (typeof USER_ROLES)[number];

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always lower-case (ck_users_email_lower_case), so uq_users_email ignores case. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  /** Argon2id, PHC string format (algorithm and parameters included). */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16, default: 'member' })
  role: UserRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
