// Who every email is from: a setting of the deployment that the use cases pass to the renderers.

/** The cleaning company as every email signs it. */
export interface Sender {
  companyName: string;
  senderEmail: string;
  postalAddress: string;
  /**
   * Where replies to a digest go (the `replyTo` deploy setting): a digest covers many accounts, so
   * no one account manager is the person to answer it. Without it a digest has no Reply-To.
   */
  replyTo?: string | undefined;
  /**
   * A domain verified in SES (the `senderDomain` deploy setting). An account manager whose address
   * is there sends the invitations From that address, so that as ORGANIZER they receive the replies.
   */
  senderDomain?: string | undefined;
}
