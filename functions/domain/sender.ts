// Who every email is from: a setting of the deployment that the use cases pass to the renderers.

/** The cleaning company as every email signs it. */
export interface Sender {
  companyName: string;
  senderEmail: string;
  postalAddress: string;
}
