import { HttpException } from '@nestjs/common';

/** A form post web refuses, with a message written for the person who sent it (the error page shows it). */
export class FormRejectedException extends HttpException {}
