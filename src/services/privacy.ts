/**
 * Something that keeps data about a user and can delete all of it. Every store keyed to a user
 * implements this, and /forget calls them all: a person at risk must be able to leave no trace.
 */
export interface UserDataEraser {
  /** Deletes everything this store keeps about `userId`; deleting nothing is not an error. */
  eraseUser(userId: number): Promise<void>;
}
